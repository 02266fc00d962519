package pipeline

import (
	"context"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// simArticle is an article of the simulation with its translation state.
type simArticle struct {
	sources.Article
	translated, titleDone bool
}

// simStore is the simulation's database and clock: articles, the cache
// and the subscriptions, delivered at 07:00 UTC.
type simStore struct {
	mu         sync.Mutex
	at         time.Time
	arts       map[string]*simArticle
	order      []string
	cache      map[string]translate.CacheEntry
	subscribed []string
}

// now is the simulated clock.
func (s *simStore) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at
}

func (s *simStore) setNow(at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.at = at
}

func (s *simStore) add(a sources.Article) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.arts[a.ID] = &simArticle{Article: a, translated: translate.SameLanguage(a.Language, "en")}
	if s.arts[a.ID].translated {
		s.arts[a.ID].TranslatedTo = "en"
	}
	s.order = append(s.order, a.ID)
}

func (s *simStore) window(since, until time.Time) []sources.Article {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sources.Article
	for _, id := range s.order {
		if a := s.arts[id]; a.PublishedAt.After(since) && !a.PublishedAt.After(until) {
			out = append(out, a.Article)
		}
	}
	return out
}

func (s *simStore) ArticlesBetween(_ context.Context, since, until time.Time) ([]sources.Article, error) {
	return s.window(since, until), nil
}

func (s *simStore) PendingTranslationsOf(_ context.Context, _ string, ids []string) ([]translate.Article, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []translate.Article
	for _, id := range ids {
		if a := s.arts[id]; a != nil && !a.translated {
			out = append(out, translate.Article{ID: id, Language: a.Language, Title: a.OriginalTitle, Summary: a.OriginalSummary, TitleDone: a.titleDone})
		}
	}
	return out, nil
}

// PendingTranslations lists none: the simulation measures what the
// demand costs, not the rest translated while the budget lasts.
func (s *simStore) PendingTranslations(context.Context, string, []string, int) ([]translate.Article, error) {
	return nil, nil
}

func (s *simStore) ActiveSubscriptions(context.Context, string) ([]bot.Subscription, error) {
	var out []bot.Subscription
	for _, c := range s.subscribed {
		out = append(out, bot.Subscription{Country: c, DeliveryTime: "07:00", Timezone: "UTC", Status: bot.StatusActive})
	}
	return out, nil
}

func (s *simStore) SaveArticleTranslations(_ context.Context, target string, ts []translate.ArticleTranslation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range ts {
		a := s.arts[t.ID]
		a.Title, a.Summary, a.SourceLanguage = t.Title, t.Summary, t.Source
		a.titleDone = true
		if !t.Partial {
			a.translated, a.TranslatedTo = true, target
		}
	}
	return nil
}

func (s *simStore) CachedTranslations(_ context.Context, source, target string, hashes []string) (map[string]translate.CacheEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]translate.CacheEntry{}
	for _, h := range hashes {
		if e, ok := s.cache[source+target+h]; ok {
			out[h] = e
		}
	}
	return out, nil
}

func (s *simStore) CacheTranslations(_ context.Context, source, target string, es []translate.CacheEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range es {
		s.cache[source+target+e.Hash] = e
	}
	return nil
}

// translateAll translates every article: the world where everything is.
func (s *simStore) translateAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := func(t string) string {
		r, _ := pseudoEnglish{}.Translate(context.Background(), translate.Request{Texts: []string{t}})
		return r[0].Text
	}
	for _, a := range s.arts {
		if !a.translated {
			a.Title, a.Summary, a.translated, a.TranslatedTo = res(a.OriginalTitle), res(a.OriginalSummary), true, "en"
		}
	}
}
