/**
 * The `snippetLens` settings the server reads, and how the extension hands them over.
 *
 * The section also holds settings that belong to the extension alone (`server.command`,
 * `trace.server`); the server is given only its own keys, with the same defaults as
 * `lsp_server/server/settings.py`.
 */

export const SECTION = "snippetLens";

export type SettingValue = boolean | number | string | null;

/** Every server setting, camelCase as on the wire, with its default. */
export const SERVER_SETTINGS: Readonly<Record<string, SettingValue>> = {
  enableHover: true,
  enableCodeActions: true,
  enableCompletion: true,
  enableDiagnostics: true,
  enableTags: true,
  enableDescriptions: true,
  descriptionBeams: 1,
  minDescriptionConfidence: null,
  diagnosticSeverity: "information",
  unknownThreshold: 0.5,
  threads: null,
  maxSnippetLines: 200,
};

/** Reads one key of the `snippetLens` section (`undefined` when the user set nothing). */
export type SettingReader = (key: string) => unknown;

/** The object the server expects for its section: its own keys only, defaults filled in. */
export function serverSection(read: SettingReader): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(SERVER_SETTINGS)) {
    const value = read(key);
    section[key] = value === undefined ? fallback : value;
  }
  return section;
}

/**
 * The answer to `workspace/configuration` with every item asking for the `snippetLens` section
 * replaced by {@link serverSection}; the other items keep the default answer.
 */
export function answerConfiguration(
  items: readonly { section?: string }[],
  defaultAnswer: readonly unknown[],
  read: SettingReader,
): unknown[] {
  return items.map((item, index) => (item.section === SECTION ? serverSection(read) : defaultAnswer[index]));
}

/** Settings whose change needs a new server process rather than a `didChangeConfiguration`. */
export const RESTART_SETTINGS = [`${SECTION}.server`];
