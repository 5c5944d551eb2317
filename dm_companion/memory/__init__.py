"""The campaign's memory: notes, events and past chats in LanceDB with sentence embeddings."""
