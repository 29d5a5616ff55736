"""Loading any source into the store, all or nothing, with SHACL validation first."""
