namespace LinuxNetPS.Bench;

/// <summary>"--name value" pairs from the command line.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--") || i + 1 >= list.Count) throw new ArgumentException($"Expected '--name value', got '{list[i]}'.");
            o._values[list[i][2..]] = list[++i];
        }
        return o;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v) : fallback;

    public int[] Ints(string name, params int[] fallback) => Get(name) is { } v ? v.Split(',').Select(int.Parse).ToArray() : fallback;
}
