using LinuxNetPS.Errors;

namespace LinuxNetPS.Tests.Support;

/// <summary>Assertions about the errors the library throws.</summary>
public static class NetAssert
{
    /// <summary>
    /// Asserts that <paramref name="act"/> throws a <see cref="NetOperationException"/> of <paramref name="kind"/> whose
    /// message names every one of <paramref name="mentions"/>: the shape of every bad-input check. Returns it for more checks.
    /// </summary>
    public static NetOperationException Fails(NetErrorKind kind, Action act, params string[] mentions)
    {
        var e = Assert.Throws<NetOperationException>(act);
        Assert.Equal(kind, e.Kind);
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e;
    }
}
