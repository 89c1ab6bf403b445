"""Pure rules of the parts store: stock arithmetic, reorder suggestions, loaner grades, who may move stock."""
