"""The T5 describer: ONNX encoder/decoder sessions, tokenizer and numpy decoding."""
