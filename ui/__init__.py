"""Stage 4: the user's interfaces: the `antwoord` CLI and the Streamlit research chat."""
