using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Lab input that used to hang, read without bound or crash (issue 27 item 5): only regular files of at most 16 MB are
/// read, checked before reading; a value too large to hold and overlapping pools are InvalidLabDefinition with file:line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LabInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lps-labinput-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string In(string name) => Path.Combine(_dir.FullName, name);

    private static NetOperationException Invalid(Func<object> load)
    {
        var e = Assert.Throws<NetOperationException>(() => load());
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        return e;
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once()
    {
        var fifo = In("lab.json");
        Ip.Exec("mkfifo", fifo);
        var e = await Task.Run(() => Invalid(() => NetLabs.Load(fifo))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("FIFO", e.Message);
    }

    [Fact]
    public async Task Dev_zero_is_refused_without_reading_it_even_behind_a_link()
    {
        File.CreateSymbolicLink(In("zero.json"), "/dev/zero");
        var e = await Task.Run(() => Invalid(() => NetLabs.Load(In("zero.json")))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("character device", e.Message);
        Invalid(() => LabFile.ReadText("/dev/zero"));
    }

    [Fact]
    public async Task A_file_over_16_MB_is_refused_before_it_is_read()
    {
        var big = In("big.json");
        using (var f = File.Create(big)) f.SetLength(200L * 1024 * 1024); // sparse: 200 MB that cost nothing
        var e = await Task.Run(() => Invalid(() => NetLabs.Load(big))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("at most 16 MB", e.Message);
    }

    [Fact]
    public void A_directory_is_not_a_lab_file_and_a_missing_file_does_not_exist()
    {
        Directory.CreateDirectory(In("dir.json"));
        var directory = Assert.Throws<NetOperationException>(() => NetLabs.Load(In("dir.json")));
        Assert.Equal(ErrorIds.PathIsDirectory, directory.ErrorId);
        Assert.Equal(NetErrorKind.InvalidArgument, directory.Kind);
        Assert.Contains("is a directory", directory.Message);
        Assert.DoesNotContain("does not exist", directory.Message);
        var missing = Assert.Throws<NetOperationException>(() => NetLabs.Load(In("missing.json")));
        Assert.Equal(NetErrorKind.NotFound, missing.Kind);
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public void A_regular_file_is_read_as_before()
    {
        File.WriteAllText(In("ok.json"), "\uFEFF" + """{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" } ] }""");
        Assert.Equal(2, NetLabs.Load(In("ok.json")).Nodes.Count);
    }

    [Theory]
    [InlineData("Delay", "1099999999999999999999ms")]
    [InlineData("Jitter", "99999999999999999999s")]
    [InlineData("Rate", "1099999999999999999999999999gbit")]
    public void A_value_too_large_to_hold_is_InvalidLabDefinition_at_its_line(string key, string value)
    {
        var json = "{ \"Nodes\": { \"a\": {}, \"b\": {} },\n  \"Links\": [ { \"Endpoints\": [\"a:eth0\", \"b:eth0\"], \"Pool\": \"10.9.0.0/30\",\n    \"" + key + "\": \"" + value + "\" } ] }";
        var e = Invalid(() => LabBinder.Bind(JsonLabReader.Read(json, "lab.json")));
        Assert.StartsWith("lab.json:3:", e.Message);
        Assert.Contains("too large", e.Message);
        Assert.DoesNotContain("(Parameter", e.Message);
    }

    [Theory]
    [InlineData("10.9.0.0/30", "10.9.0.0/31")]
    [InlineData("10.9.0.0/31", "10.9.0.0/30")]
    [InlineData("10.9.0.0/24", "10.9.0.128/30")]
    [InlineData("fd00:9::/64", "fd00:9::/126")]
    public void Overlapping_link_pools_are_refused_at_the_later_pool(string first, string second)
    {
        var json = "{ \"Nodes\": { \"a\": {}, \"b\": {}, \"c\": {}, \"d\": {} },\n  \"Links\": [\n    { \"Endpoints\": [\"a:eth0\", \"b:eth0\"], \"Pool\": \"" + first + "\" },\n"
            + "    { \"Endpoints\": [\"c:eth0\", \"d:eth0\"], \"Pool\": \"" + second + "\" } ] }";
        var e = Invalid(() => LabBinder.Bind(JsonLabReader.Read(json, "lab.json")));
        Assert.StartsWith("lab.json:4:", e.Message);
        Assert.Contains("overlaps", e.Message);
        Assert.Contains("lab.json:3:", e.Message); // where the other pool is
    }

    [Fact]
    public void A_link_pool_inside_a_bridge_pool_is_refused_too()
    {
        var json = """
            { "Nodes": { "sw": { "Bridges": { "br0": { "Address": "10.0.0.1/24", "Pool": "10.0.0.0/24" } } }, "a": {}, "b": {}, "c": {} },
              "Links": [ { "Endpoints": ["a:eth0", "sw:br0"] },
                         { "Endpoints": ["b:eth1", "c:eth1"], "Pool": "10.0.0.4/30" } ] }
            """;
        Assert.Contains("overlaps", Invalid(() => LabBinder.Bind(JsonLabReader.Read(json, "lab.json"))).Message);
    }

    [Fact]
    public void Pools_side_by_side_are_fine()
    {
        var json = """{ "Nodes": { "a": {}, "b": {}, "c": {}, "d": {} }, "Links": [ { "Endpoints": ["a:eth0", "b:eth0"], "Pool": "10.9.0.0/30" }, { "Endpoints": ["c:eth0", "d:eth0"], "Pool": "10.9.0.4/31" } ] }""";
        Assert.Equal(2, LabBinder.Bind(JsonLabReader.Read(json, "lab.json")).Links.Count);
    }
}
