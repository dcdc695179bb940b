export type Gauge = Readonly<{ name: string; help: string; value: () => Promise<number> | number }>;

/** Prometheus text exposition of a few gauges (no client library needed for these). */
export const prometheusText = async (gauges: readonly Gauge[]): Promise<string> => {
  const lines: string[] = [];
  for (const { name, help, value } of gauges) {
    let current: number;
    try {
      current = await value();
    } catch {
      continue; // an unreachable dependency shows in /health/ready; its gauge is left out here
    }
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${current}`);
  }
  return `${lines.join('\n')}\n`;
};
