"""Forum logic, one module per topic; views stay thin."""
