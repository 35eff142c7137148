"""Writing cleaned tables and reports."""
