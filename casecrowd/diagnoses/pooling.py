"""The crowd differential: answers' ranked differentials pooled into one ranking."""
