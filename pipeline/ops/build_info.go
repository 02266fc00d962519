package ops

import "github.com/prometheus/client_golang/prometheus"

// RegisterBuildInfo adds worldbrief_build_info, a gauge of constant 1
// whose labels name the running build (version, VCS revision, Go version),
// in the style of prometheus_build_info, so dashboards can tell which build
// each replica runs.
func (m *Metrics) RegisterBuildInfo(version, revision, goVersion string) {
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "worldbrief_build_info",
		Help:        "A constant 1 labelled with the running build's version, VCS revision and Go version.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goVersion},
	})
	g.Set(1)
	m.reg.MustRegister(g)
}
