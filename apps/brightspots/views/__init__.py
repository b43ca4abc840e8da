"""Views by screen: spots (a bright spot), units (a unit's year and its list), inbox
(the boards)."""
