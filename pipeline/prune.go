package pipeline

import "context"

// PruneReport counts what a Prune deleted.
type PruneReport struct {
	Articles, Translations, Subscriptions int64
}

// Prune deletes the articles and cached translations older than
// Retention and, with subscriptions set (serve's hourly job), the
// subscriptions suspended for longer than SuspendedPurge. A failure to
// prune the translation cache is logged, not returned: it only costs
// space.
func (s *Service) Prune(ctx context.Context, subscriptions bool) (PruneReport, error) {
	var rep PruneReport
	now := s.now()
	cutoff := now.Add(-s.retention())
	var err error
	if rep.Articles, err = s.Store.PruneArticles(ctx, cutoff); err != nil {
		return rep, err
	}
	if rep.Translations, err = s.Store.PruneTranslations(ctx, cutoff); err != nil {
		s.log().Warn("prune translation cache", "err", err)
	}
	if !subscriptions {
		return rep, nil
	}
	rep.Subscriptions, err = s.Store.PurgeSuspended(ctx, now.Add(-s.suspendedPurge()))
	if rep.Subscriptions > 0 {
		s.log().Info("suspended subscriptions purged", "count", rep.Subscriptions)
	}
	return rep, err
}
