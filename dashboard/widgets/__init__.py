"""Drawing helpers the pages share: plain text for what people wrote, figures with their tables, forms."""
