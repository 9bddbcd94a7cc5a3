using System.Collections.Concurrent;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Per namespace: which namespace each namespace id was last found to be. Only a hint: ids are
/// reused after a namespace dies, so the link layer's NsIdResolver confirms an entry with the kernel
/// before trusting it and forgets it when the kernel disagrees.
/// </summary>
internal sealed class NsIdCache
{
    private readonly ConcurrentDictionary<int, (string? Spec, string Path)> _entries = new();

    public bool TryGet(int nsid, out (string? Spec, string Path) entry) => _entries.TryGetValue(nsid, out entry);

    public void Remember(int nsid, string? spec, string path) => _entries[nsid] = (spec, path);

    public void Forget(int nsid) => _entries.TryRemove(nsid, out _);
}
