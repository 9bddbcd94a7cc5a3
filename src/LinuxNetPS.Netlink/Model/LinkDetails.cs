namespace LinuxNetPS.Model;

/// <summary>
/// What the kernel says about a link beyond the common fields: its kind's IFLA_INFO_DATA (a vxlan's VNI and
/// remote, a macvlan's mode, a bridge's STP settings ...) or, for a port, its master's IFLA_INFO_SLAVE_DATA.
/// Each kind driver decodes its own into a record of its own (<c>VxlanDetails</c>, <c>BridgeDetails</c> ...), so
/// scripts read typed properties (<c>$link.Details.Id</c>), while <see cref="Summary"/> (and ToString, which is
/// what a table, a string or a deserialized copy shows) reads like the kind line of <c>ip -d link</c>:
/// "vxlan id 42 remote 10.0.0.2 dstport 4789".
/// </summary>
public abstract record LinkDetails
{
    /// <summary>The kind the data belongs to, as iproute2 names it: "vxlan", "bridge", "bridge_slave" ...</summary>
    public abstract string Kind { get; }

    /// <summary>The kind line of <c>ip -d link show</c>, e.g. "macvlan mode bridge".</summary>
    public string Summary
    {
        get
        {
            var words = new List<string> { Kind };
            Describe(words);
            return string.Join(' ', words);
        }
    }

    /// <summary>Adds the kind's settings to the summary, as iproute2 spells them ("id", "42", "dstport", "4789" ...).</summary>
    protected abstract void Describe(List<string> words);

    /// <summary>
    /// The same details with names of other links of the namespace filled in (a vxlan's underlying device), given
    /// index → name; the parser only has indexes.
    /// </summary>
    public virtual LinkDetails WithLinkNames(Func<int, string?> nameOf) => this;

    public sealed override string ToString() => Summary;

    /// <summary>"on"/"off", as iproute2 prints switches.</summary>
    protected static string OnOff(bool value) => value ? "on" : "off";
}
