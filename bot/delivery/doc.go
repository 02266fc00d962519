// Package delivery sends the morning digests: the outbox row of one
// subscription's digest for one local date (Delivery), the ledger it is
// kept in (Outbox, implemented by *store.Store), the daily Schedule of a
// subscription in its IANA zone, which mornings are owed at an instant
// (DueDeliveries), and the worker that claims due rows and sends them
// through each platform's bot.Messenger (Deliverer).
//
// The unique key (chat, country, local date) of the ledger and the claim
// with a lease make a morning arrive once however many ticks, workers or
// processes see it; a crashed worker's claims are taken over when their
// lease ends. Building the digests is not done here: the Deliverer asks a
// Digester (the pipeline's digest service), once per country per pass.
package delivery
