namespace LinuxNetPS.Nftables;

/// <summary>
/// One port forward as the user writes it (the parameters of <see cref="NatOperations.AddPortForward"/>), for adding many in one
/// transaction with <see cref="NatOperations.AddPortForwards"/>. Nothing is checked until <see cref="ToDefinition"/>.
/// </summary>
/// <param name="Protocol">"tcp" or "udp".</param>
/// <param name="Port">"5000" or "8000-8010".</param>
/// <param name="ToAddress">Where the connections go.</param>
/// <param name="ToPort">The port there; null keeps the original port.</param>
/// <param name="Source">Only connections from this prefix.</param>
/// <param name="Destination">Only connections to this local address (default: any local address).</param>
public sealed record PortForwardRequest(string Protocol, string Port, string ToAddress, int? ToPort = null, string? Source = null, string? Destination = null)
{
    /// <summary>The validated rule; NetOperationException (InvalidArgument) on bad input.</summary>
    public NatRuleDefinition ToDefinition() => NatRuleDefinition.PortForward(Protocol, Port, ToAddress, ToPort, Source, Destination);

    public override string ToString() =>
        $"{Protocol} {Port} -> {ToAddress}{(ToPort is null ? "" : $":{ToPort}")}" +
        (Source is null ? "" : $" from {Source}") + (Destination is null ? "" : $" to {Destination}");
}
