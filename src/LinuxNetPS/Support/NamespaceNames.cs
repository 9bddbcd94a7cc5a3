using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>Names of the named network namespaces (the entries of /run/netns), for completion. Never throws.</summary>
public static class NamespaceNames
{
    public static IReadOnlyList<string> List(string directory = NamespaceRef.RunDirectory)
    {
        try
        {
            if (!Directory.Exists(directory)) return [];
            return Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
