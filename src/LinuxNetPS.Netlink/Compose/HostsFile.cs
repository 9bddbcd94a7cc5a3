using System.Text;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose;

/// <summary>
/// The one writer of /etc/netns/NAME/hosts, the file `ip netns exec`, Invoke-NetNamespace and Start-NetNamespaceProcess
/// bind-mount over /etc/hosts for what runs in the namespace. Several features put names there (the container networks a
/// namespace is on, the lab it is a node of), so each writes only its own section, between
/// <c># BEGIN LinuxNetPS OWNER</c> and <c># END LinuxNetPS OWNER</c>, and never drops another owner's section or the lines
/// the user wrote outside the sections. A new file starts with the localhost lines; when the last section goes and only
/// those are left, the file goes (and the namespace's /etc/netns folder when that leaves it empty).
/// The file is rewritten in place (the same inode), so processes already running in the namespace, whose /etc/hosts is a
/// bind mount of it, see the change; content that would not change is not written.
/// </summary>
internal static class HostsFile
{
    internal const string DefaultLines = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
    private const string BeginPrefix = "# BEGIN LinuxNetPS ";
    private const string EndPrefix = "# END LinuxNetPS ";

    /// <summary>Where the files go (a test may point it elsewhere).</summary>
    internal static string Root { get; set; } = EtcOverlay.Directory;

    /// <summary>How many times the namespace's hosts file was written or deleted by this process (tests count writes, not time).</summary>
    internal static int WritesOf(string name) => Counts.GetValueOrDefault(PathOf(name));
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    public static string PathOf(string name) => Path.Combine(Root, name, "hosts");

    /// <summary>
    /// Makes <paramref name="owner"/>'s section of the namespace's hosts file exactly <paramref name="lines"/> (none: no
    /// section). Everything else in the file stays. Returns whether the file was written.
    /// </summary>
    public static bool SetSection(string name, string owner, IReadOnlyList<string> lines, string? note = null)
    {
        var path = PathOf(name);
        string? current = File.Exists(path) ? File.ReadAllText(path) : null;
        string rest = current is null ? DefaultLines : Without(current, s => s == owner);
        if (lines.Count == 0)
        {
            if (current is null || rest == current) return false;
            if (rest == DefaultLines) Delete(path);
            else InPlace(path, rest);
            return true;
        }
        var text = new StringBuilder(rest);
        if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
        text.Append(BeginPrefix).Append(owner).Append(note is null ? "" : " (" + note + ")").Append('\n');
        foreach (var line in lines) text.Append(line).Append('\n');
        text.Append(EndPrefix).Append(owner).Append('\n');
        var desired = text.ToString();
        if (desired == current) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        InPlace(path, desired);
        return true;
    }

    /// <summary>Removes every section whose owner <paramref name="owned"/> accepts (the file goes when only the localhost lines are left).</summary>
    public static void RemoveSections(string name, Func<string, bool> owned)
    {
        var path = PathOf(name);
        if (!File.Exists(path)) return;
        var current = File.ReadAllText(path);
        var rest = Without(current, owned);
        if (rest == current) return;
        if (rest == DefaultLines) Delete(path);
        else InPlace(path, rest);
    }

    /// <summary>The owners of the sections in the namespace's hosts file, in file order.</summary>
    public static IReadOnlyList<string> Owners(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Where(l => l.StartsWith(BeginPrefix, StringComparison.Ordinal)).Select(l => OwnerOf(l[BeginPrefix.Length..])).ToList();
    }

    /// <summary>The owner named by a BEGIN line's text (without a note in brackets).</summary>
    private static string OwnerOf(string afterPrefix)
    {
        int note = afterPrefix.IndexOf(" (", StringComparison.Ordinal);
        return note < 0 ? afterPrefix : afterPrefix[..note];
    }

    /// <summary>The text without the sections of the owners <paramref name="drop"/> accepts (an unterminated one runs to the end).</summary>
    private static string Without(string text, Func<string, bool> drop)
    {
        var result = new StringBuilder(text.Length);
        string? skipping = null;
        foreach (var line in text.Split('\n'))
        {
            if (skipping is null && line.StartsWith(BeginPrefix, StringComparison.Ordinal) && drop(OwnerOf(line[BeginPrefix.Length..])))
            {
                skipping = OwnerOf(line[BeginPrefix.Length..]);
                continue;
            }
            if (skipping is not null)
            {
                if (line == EndPrefix + skipping) skipping = null;
                continue;
            }
            result.Append(line).Append('\n');
        }
        // Split leaves one piece after the last newline (empty when the text ends with one): take back the newline added to it.
        if (result.Length > 0) result.Length--;
        return result.ToString();
    }

    /// <summary>Overwrites the file from its start and then cuts it to length: the same inode, so a bind mount of it shows
    /// the new content, and a reader never finds it empty.</summary>
    private static void InPlace(string path, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
        Counts.AddOrUpdate(path, 1, (_, n) => n + 1);
    }

    /// <summary>Deletes the file, and the namespace's /etc/netns folder when that leaves it empty.</summary>
    private static void Delete(string path)
    {
        File.Delete(path);
        Counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            try { Directory.Delete(folder); }
            catch (IOException) { }
    }
}
