using System.Globalization;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;

namespace LinuxNetPS.Support;

/// <summary>
/// Set-NetLink's parameters turned into one <see cref="LinkChanges"/>, with the contradictions
/// (-Up with -Down, -Master with -NoMaster, nothing to change) rejected before the kernel is asked,
/// and the action text -WhatIf shows.
/// </summary>
public sealed record LinkChangeRequest
{
    public bool Up { get; init; }
    public bool Down { get; init; }
    public uint? Mtu { get; init; }
    public string? MacAddress { get; init; }
    public string? NewName { get; init; }
    public string? Alias { get; init; }
    public string? Master { get; init; }
    public bool NoMaster { get; init; }
    public uint? TxQueueLength { get; init; }

    public LinkChanges ToChanges()
    {
        if (Up && Down)
            throw NetOperationException.Invalid("Use either -Up or -Down, not both.");
        if (Master is not null && NoMaster)
            throw NetOperationException.Invalid("Use either -Master or -NoMaster, not both.");
        if (Master is not null) Primitives.LinkName.Validate(Master);
        if (NewName is not null) Primitives.LinkName.Validate(NewName);
        var changes = new LinkChanges
        {
            Up = Up ? true : Down ? false : null,
            Mtu = Mtu,
            MacAddress = MacAddress,
            NewName = NewName,
            Alias = Alias,
            Master = Master,
            NoMaster = NoMaster,
            TxQueueLength = TxQueueLength,
        };
        if (changes == new LinkChanges())
            throw NetOperationException.Invalid(
                "Nothing to change: give at least one of -Up, -Down, -Mtu, -MacAddress, -NewName, -Alias, -Master, -NoMaster or -TxQueueLength.");
        return changes;
    }

    /// <summary>"set up, mtu 9000, master br0" — what -WhatIf says will happen.</summary>
    public static string Describe(LinkChanges c)
    {
        var parts = new List<string>();
        if (c.NewName is not null) parts.Add($"rename to '{c.NewName}'");
        if (c.Mtu is { } mtu) parts.Add("mtu " + mtu.ToString(CultureInfo.InvariantCulture));
        if (c.MacAddress is not null) parts.Add($"address {c.MacAddress}");
        if (c.Alias is not null) parts.Add(c.Alias.Length == 0 ? "clear alias" : $"alias '{c.Alias}'");
        if (c.Master is not null) parts.Add($"master {c.Master}");
        if (c.NoMaster) parts.Add("nomaster");
        if (c.TxQueueLength is { } q) parts.Add("txqueuelen " + q.ToString(CultureInfo.InvariantCulture));
        if (c.Up is { } up) parts.Add(up ? "up" : "down");
        return "Set " + string.Join(", ", parts);
    }
}
