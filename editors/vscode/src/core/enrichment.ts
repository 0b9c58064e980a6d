/** The JSON `snippetLens.describe` answers (the shape `snippet-lens analyze` prints), and its text forms. */

export interface Enrichment {
  language: string;
  confidence: number;
  alternatives: [string, number][];
  source: string;
  warnings?: string[];
  /** Added by later server versions. */
  tags?: unknown;
  /** Added by later server versions: one sentence about the snippet. */
  description?: string;
}

export function isEnrichment(value: unknown): value is Enrichment {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.language === "string" &&
    typeof candidate.confidence === "number" &&
    Array.isArray(candidate.alternatives) &&
    typeof candidate.source === "string"
  );
}

/** The description, when the server wrote a non-empty one. */
export function descriptionOf(enrichment: Enrichment): string | undefined {
  const text = typeof enrichment.description === "string" ? enrichment.description.trim() : "";
  return text || undefined;
}

export function percent(probability: number): string {
  const value = probability * 100;
  return `${value >= 99.95 || value < 0.05 ? value.toFixed(0) : value.toFixed(1)}%`;
}

const SOURCES: Record<string, string> = {
  fence: "from the code fence label",
  shebang: "from the shebang line",
  modeline: "from the editor modeline",
  filename: "from the file name",
  hint: "from the editor's language",
  model: "by the model",
  empty: "the snippet is empty",
  binary: "the snippet is not text",
};

/** One line for a notification, e.g. `python, 99.8% (by the model); also ruby 0.1%`. */
export function summarize(enrichment: Enrichment): string {
  const how = SOURCES[enrichment.source] ?? `source: ${enrichment.source}`;
  let line = `${enrichment.language}, ${percent(enrichment.confidence)} (${how})`;
  if (enrichment.alternatives.length > 0) {
    line += `; also ${enrichment.alternatives.map(([lang, p]) => `${lang} ${percent(p)}`).join(", ")}`;
  }
  const description = descriptionOf(enrichment);
  if (description) {
    line += `. ${description}`;
  }
  for (const warning of enrichment.warnings ?? []) {
    line += ` (${warning})`;
  }
  return line;
}
