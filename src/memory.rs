//! Giving freed memory back to the operating system before a large allocation.
//!
//! glibc's allocator keeps memory freed by the worker threads (per-chunk buffers, hash tables
//! that grew, sort keys) in its arenas for reuse, and raises its mmap threshold after large
//! frees so that later buffers land in those arenas too. The resident size then stays at the
//! high-water mark of the temporaries, and the output matrix, allocated fresh, comes on top.
//! Releasing the free pages between the phases of a computation keeps the peak to what is
//! actually live.

#![warn(missing_docs)]

/// Returns the allocator's free pages to the operating system (glibc's `malloc_trim`); does
/// nothing elsewhere. Costs a few milliseconds after a phase that freed tens of MB.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim takes no pointers and touches only memory the allocator owns
        // and has marked free; it locks each arena while it works, so it is safe to call
        // from any thread at any time (glibc documents it as MT-Safe).
        unsafe {
            malloc_trim(0);
        }
    }
}
