"""KPI layer: indicators, periodic reports, attainment of targets. Returns rows; never prints."""
