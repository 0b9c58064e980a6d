/** What the status-bar item shows in each state of the server. */

export type ServerState =
  | { kind: "starting"; server?: string }
  | { kind: "loading"; message?: string; percentage?: number }
  | { kind: "ready"; server: string }
  | { kind: "missing" }
  | { kind: "error"; message: string };

export interface StatusPresentation {
  text: string;
  tooltip: string;
  severity: "normal" | "warning" | "error";
}

const CLICK = "Click to show the log.";

export function presentStatus(state: ServerState): StatusPresentation {
  switch (state.kind) {
    case "starting":
      return {
        text: "$(loading~spin) Snippet Lens",
        tooltip: `Starting the server${state.server ? `: ${state.server}` : ""}. ${CLICK}`,
        severity: "normal",
      };
    case "loading": {
      const done = state.percentage === undefined ? "" : ` (${state.percentage}%)`;
      return {
        text: "$(loading~spin) Snippet Lens",
        tooltip: `Loading models${state.message ? `: ${state.message}` : ""}${done}. ${CLICK}`,
        severity: "normal",
      };
    }
    case "ready":
      return { text: "$(check) Snippet Lens", tooltip: `Ready: ${state.server}. ${CLICK}`, severity: "normal" };
    case "missing":
      return {
        text: "$(warning) Snippet Lens",
        tooltip: `No server found; run "Snippet Lens: Restart Server" to look again or install it. ${CLICK}`,
        severity: "warning",
      };
    case "error":
      return { text: "$(error) Snippet Lens", tooltip: `${state.message}. ${CLICK}`, severity: "error" };
  }
}
