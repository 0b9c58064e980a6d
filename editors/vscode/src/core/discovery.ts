/**
 * Where the language server comes from, in order: the `snippetLens.server.command` setting, the
 * Python extension's interpreter running `-m lsp_server`, `snippet-lens` on PATH, and the private
 * environment this extension installs. The probes are injected, so the order is tested without an
 * editor.
 */

export type Origin = "setting" | "python-extension" | "path" | "private-environment";

export interface ServerCommand {
  command: string;
  args: string[];
  origin: Origin;
}

export interface DiscoveryProbes {
  /** The raw value of `snippetLens.server.command`. */
  configuredCommand(): unknown;
  /** The interpreter command chosen in the Python extension, if it is installed. */
  pythonExtensionInterpreter(): Promise<string[] | undefined>;
  /** Whether this interpreter has the `snippet-lens` distribution installed. */
  hasServer(interpreter: string[]): Promise<boolean>;
  /** The full path of an executable found on PATH. */
  findOnPath(name: string): Promise<string | undefined>;
  /** The interpreter of the private environment, when it holds the bundled server. */
  privateEnvironment(): Promise<string | undefined>;
}

export const EXECUTABLE = "snippet-lens";
export const MODULE_ARGS = ["-m", "lsp_server"];

/** The first server that is there, and a line per place looked at (for the log). */
export async function findServer(probes: DiscoveryProbes): Promise<{ server?: ServerCommand; tried: string[] }> {
  const tried: string[] = [];
  const configured = parseCommandSetting(probes.configuredCommand());
  if (configured) {
    const [command, ...args] = configured;
    return { server: { command, args, origin: "setting" }, tried };
  }
  tried.push("setting snippetLens.server.command: not set");

  const interpreter = await probes.pythonExtensionInterpreter();
  if (interpreter && (await probes.hasServer(interpreter))) {
    const [command, ...rest] = interpreter;
    return { server: { command, args: [...rest, ...MODULE_ARGS], origin: "python-extension" }, tried };
  }
  tried.push(
    interpreter
      ? `Python extension interpreter ${interpreter.join(" ")}: snippet-lens is not installed there`
      : "Python extension: not installed or no interpreter selected",
  );

  const onPath = await probes.findOnPath(EXECUTABLE);
  if (onPath) {
    return { server: { command: onPath, args: [], origin: "path" }, tried };
  }
  tried.push(`${EXECUTABLE} on PATH: not found`);

  const privatePython = await probes.privateEnvironment();
  if (privatePython) {
    return { server: { command: privatePython, args: [...MODULE_ARGS], origin: "private-environment" }, tried };
  }
  tried.push("private environment: not installed");
  return { tried };
}

/** `snippetLens.server.command` as an argument vector: an array of strings, or one command line. */
export function parseCommandSetting(value: unknown): [string, ...string[]] | undefined {
  const words = typeof value === "string" ? splitCommandLine(value) : value;
  if (!Array.isArray(words) || words.length === 0 || !words.every((word) => typeof word === "string")) {
    return undefined;
  }
  const [command, ...args] = words;
  return command.trim() ? [command, ...args] : undefined;
}

/**
 * Splits a command line on blanks. Quotes group words; a backslash escapes only a blank or a quote,
 * so Windows paths keep theirs. The array form of the setting needs none of this.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) {
        quote = undefined;
      } else if (char === "\\" && quote === '"' && line[i + 1] === '"') {
        word += line[++i];
      } else {
        word += char;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === "\\" && i + 1 < line.length && /[\s'"]/.test(line[i + 1])) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) {
        words.push(word);
      }
      word = "";
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) {
    words.push(word);
  }
  return words;
}

/** How the log and the status bar name a server. */
export function describeServer(server: ServerCommand): string {
  const where: Record<Origin, string> = {
    setting: "from setting snippetLens.server.command",
    "python-extension": "with the Python extension's interpreter",
    path: "from PATH",
    "private-environment": "from the private environment",
  };
  return `${[server.command, ...server.args].join(" ")} (${where[server.origin]})`;
}
