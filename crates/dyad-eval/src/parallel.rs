use dyad_conllu::GoldDocument;

/// `f` of every document, in order, computed on as many threads as the machine has (documents
/// are split into one contiguous chunk per thread).
pub(crate) fn map_documents<T, F>(docs: &[GoldDocument], f: F) -> Vec<T>
where
    T: Send,
    F: Fn(&GoldDocument) -> T + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(docs.len());
    if threads <= 1 {
        return docs.iter().map(f).collect();
    }
    let chunk = docs.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<T>>()))
            .collect();
        let mut out = Vec::with_capacity(docs.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part),
                // The caller's function panicked: pass the panic on.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}
