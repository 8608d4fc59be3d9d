// Types of the npm Prometheus text parser the metrics tests read /metrics with (it ships none).
declare module "parse-prometheus-text-format" {
	interface ParsedMetric {
		value?: string;
		labels?: Record<string, string>;
	}
	interface ParsedFamily {
		name: string;
		help: string;
		type: "GAUGE" | "COUNTER" | "SUMMARY" | "HISTOGRAM" | "UNTYPED";
		metrics: ParsedMetric[];
	}
	export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
