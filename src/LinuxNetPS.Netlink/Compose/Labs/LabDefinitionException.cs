using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// A lab definition that cannot be built: bad syntax, an unknown key, a link to a node that does not exist, an
/// address outside its pool ... Always thrown before anything is created. The message starts with the location
/// (file:line:column and the key path), the way compilers say it, so an editor can jump there.
/// </summary>
public static class LabErrors
{
    public static NetOperationException Invalid(SourceLocation where, string message) =>
        new NetOperationException(NetErrorKind.InvalidArgument, $"{where}: {message}", operation: "read lab definition", target: where.File ?? where.Path)
            .WithErrorId(ErrorIds.InvalidLabDefinition);

    public static NetOperationException NotFound(string name) =>
        NetOperationException.NotFound($"There is no network lab '{name}'; Get-NetLab lists them.", name).WithErrorId(ErrorIds.LabNotFound);

    public static NetOperationException Exists(string name) =>
        new NetOperationException(NetErrorKind.AlreadyExists, $"A network lab '{name}' exists already; remove it first (Remove-NetLab '{name}') or choose another -Name.",
            operation: "create network lab", target: name).WithErrorId(ErrorIds.LabExists);
}
