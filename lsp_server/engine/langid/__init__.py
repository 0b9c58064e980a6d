"""Language identification: cheap signals first, then the ONNX model."""
