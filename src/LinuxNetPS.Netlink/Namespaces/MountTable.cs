namespace LinuxNetPS.Namespaces;

/// <summary>Reads this process's mount table (/proc/self/mountinfo), which needs no struct layouts.</summary>
internal static class MountTable
{
    /// <summary>Whether the mount at <paramref name="mountPoint"/> is read-only (false when nothing is mounted there).</summary>
    public static bool IsReadOnly(string mountPoint)
    {
        bool readOnly = false;
        // mountinfo: id parent major:minor root mount-point options ...; the last line for a point is the one on top.
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 5 && fields[4] == mountPoint)
                readOnly = fields[5].Split(',').Contains("ro");
        }
        return readOnly;
    }
}
