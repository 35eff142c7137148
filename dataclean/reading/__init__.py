"""Reading spreadsheets as commune offices export them."""
