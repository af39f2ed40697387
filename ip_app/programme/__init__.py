"""Introduction programme and KVP facts (/plan/<id>/program), every version kept."""
