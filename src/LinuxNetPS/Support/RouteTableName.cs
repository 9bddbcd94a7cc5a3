using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>Routing table names as iproute2 knows them (/etc/iproute2/rt_tables defaults) or numbers.</summary>
public static class RouteTableName
{
    public static readonly IReadOnlyDictionary<string, uint> Known = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase)
    {
        ["main"] = 254, ["local"] = 255, ["default"] = 253, ["all"] = 0, ["unspec"] = 0,
    };

    /// <summary>Parses "main", "local", "default", "all" (every table) or a number from 0 to 4294967295.</summary>
    public static uint Parse(string text)
    {
        text = text.Trim();
        if (Known.TryGetValue(text, out uint id)) return id;
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)) return id;
        throw NetOperationException.Invalid(
            $"'{text}' is not a routing table: use main, local, default, all, or a table number such as 100.", text).WithErrorId(ErrorIds.InvalidRouteTable);
    }

    /// <summary>Parses, or returns null for null/empty input.</summary>
    public static uint? ParseOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : Parse(text);
}
