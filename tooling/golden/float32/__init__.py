"""What every golden generator shares: the float32 edge values and how float32 goes to JSON."""
