import assert from "node:assert/strict";
import { descriptionOf, isEnrichment, percent, summarize, type Enrichment } from "../../core/enrichment";

const PYTHON: Enrichment = { language: "python", confidence: 0.9981, alternatives: [["ruby", 0.0012]], source: "model" };

describe("enrichment", () => {
  it("recognizes the JSON of snippetLens.describe", () => {
    assert.equal(isEnrichment(PYTHON), true);
    assert.equal(isEnrichment(null), false);
    assert.equal(isEnrichment({ language: "python" }), false);
  });

  it("summarizes language, confidence, source and alternatives in one line", () => {
    assert.equal(summarize(PYTHON), "python, 99.8% (by the model); also ruby 0.1%");
  });

  it("adds the description and warnings when there are any", () => {
    const described = { ...PYTHON, alternatives: [], description: "Sorts a list in place.", warnings: ["truncated to 200 lines"] };
    assert.equal(summarize(described), "python, 99.8% (by the model). Sorts a list in place. (truncated to 200 lines)");
  });

  it("has no description until the server writes one", () => {
    assert.equal(descriptionOf(PYTHON), undefined);
    assert.equal(descriptionOf({ ...PYTHON, description: "  " }), undefined);
    assert.equal(descriptionOf({ ...PYTHON, description: " Parses JSON. " }), "Parses JSON.");
  });

  it("rounds percentages for reading", () => {
    assert.equal(percent(1), "100%");
    assert.equal(percent(0.5), "50.0%");
    assert.equal(percent(0.0001), "0%");
  });
});
