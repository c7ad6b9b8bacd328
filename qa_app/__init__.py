"""regkb qa_app: everything that reads the index (search, CLI; ui/ holds the Streamlit app)."""
