//! The server renders the copy buttons but never presses them.

/// Nothing to copy to on the server.
pub async fn copy(_text: String) -> bool {
    false
}
