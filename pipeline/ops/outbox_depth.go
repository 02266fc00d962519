package ops

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// depthCollector exports worldbrief_outbox_depth, read from the database
// at each scrape. When the database does not answer the sample is left out
// (a made-up value such as -1 would bend graphs and alerts) and
// worldbrief_outbox_depth_errors_total counts the failure.
type depthCollector struct {
	depth  func(context.Context) (int64, error)
	desc   *prometheus.Desc
	errors prometheus.Counter
}

func newDepthCollector(depth func(context.Context) (int64, error)) *depthCollector {
	return &depthCollector{
		depth: depth,
		desc: prometheus.NewDesc("worldbrief_outbox_depth",
			"Deliveries pending or being sent (absent from a scrape when the database did not answer; see worldbrief_outbox_depth_errors_total).", nil, nil),
		errors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "worldbrief_outbox_depth_errors_total",
			Help: "Scrapes at which the outbox depth could not be read from the database.",
		}),
	}
}

// Describe implements prometheus.Collector.
func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.desc
	c.errors.Describe(ch)
}

// Collect implements prometheus.Collector.
func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if n, err := c.depth(ctx); err != nil {
		c.errors.Inc()
	} else {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n))
	}
	c.errors.Collect(ch)
}
