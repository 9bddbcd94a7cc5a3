using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Applies the impairment keys of a lab (delay, jitter, loss, rate per link end). Until the qdisc engine is part of
/// this build the keys are validated but refused, before anything is created: a lab that silently ran unshaped
/// would make its tests lie.
/// </summary>
internal static class LabImpairments
{
    public static bool Available => false;

    public static void RefuseIfUnavailable(LabDefinition lab)
    {
        if (Available) return;
        var end = lab.Links.SelectMany(l => new[] { l.A, l.B }).FirstOrDefault(e => e.Impairment is not null);
        if (end is null) return;
        throw new NetOperationException(NetErrorKind.NotSupported,
            $"{end.Location}: the link end {end} asks for {end.Impairment}, but link impairment (netem/tbf qdiscs) is not available in this build of LinuxNetPS; nothing was created.",
            operation: "create network lab", target: end.ToString()).WithErrorId(ErrorIds.ImpairmentNotAvailable);
    }

    public static void Apply(LabDefinition lab, Func<string, Namespaces.NetClient> clientOf) => RefuseIfUnavailable(lab);
}
