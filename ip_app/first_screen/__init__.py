"""The person's first screen: what waits for you, your next step, new since your last visit."""
