"""The dialog: conversations, messages, drafts, read receipts (/dialog)."""
