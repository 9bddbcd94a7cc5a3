using LinuxNetPS.Compose;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Tests;

/// <summary>Compose's shared pieces: the state lock names what it guards, and a plan's finished steps are fault points.</summary>
[Collection("FaultPoint")] // sets FaultPoint.Callback: never in parallel with another user of it
public class ComposeStateTests
{
    [Theory]
    [InlineData("lab records")]
    [InlineData("container network state")]
    public void StateLock_Errors_NameWhatIsLocked(string what)
    {
        string missing = Path.Combine(Path.GetTempPath(), $"linuxnetps-no-such-dir-{Guid.NewGuid():N}", ".lock");
        var e = Assert.Throws<NetOperationException>(() => StateLock.Acquire(missing, what).Dispose());
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public async Task StateLock_IsExclusiveAndReleasedOnDispose()
    {
        string dir = Directory.CreateTempSubdirectory("linuxnetps-lock-").FullName;
        try
        {
            string path = Path.Combine(dir, ".lock");
            var first = StateLock.Acquire(path, "lab records");
            var second = Task.Run(() => StateLock.Acquire(path, "lab records"));
            Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(200))); // waits while the first holds it
            first.Dispose();
            Assert.Same(second, await Task.WhenAny(second, Task.Delay(5000)));
            (await second).Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ChangePlan_ReachesAFaultPointAfterEachStep_NamedByItsText()
    {
        string mine = $"step of {Guid.NewGuid():N}"; // other tests reach their own points meanwhile
        var reached = new List<string>();
        var done = new List<string>();
        FaultPoint.Callback = (point, _) => { if (point.EndsWith(mine, StringComparison.Ordinal)) lock (reached) reached.Add(point); };
        try
        {
            new ChangePlan().Add($"first {mine}", () => done.Add("first")).Add($"second {mine}", () => done.Add("second")).Apply();
        }
        finally
        {
            FaultPoint.Callback = null;
        }
        Assert.Equal(["first", "second"], done);
        Assert.Equal([$"first {mine}", $"second {mine}"], reached);
    }
}
