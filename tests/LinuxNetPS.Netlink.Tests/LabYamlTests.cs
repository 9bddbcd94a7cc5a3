using System.Text;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Yaml;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>The YAML reader (YamlDotNet events → the definition tree): YAML as containerlab files write it, every value at its line and column, and the budget.</summary>
public class LabYamlTests
{
    private static LabValue Read(string yaml) => new YamlDotNetLabReader().Read(yaml, "t.yml");

    private static NetOperationException Fails(string yaml)
    {
        var e = Assert.Throws<NetOperationException>(() => Read(yaml));
        Assert.Equal(ErrorIds.InvalidLabDefinition, e.ErrorId);
        return e;
    }

    private static LabValue At(LabValue value, params object[] path)
    {
        foreach (var step in path)
            value = step is int i ? ((LabList)value).Items[i] : ((LabMap)value).Find((string)step)!.Value;
        return value;
    }

    [Fact]
    public void The_core_finds_the_reader_on_its_own_as_a_CSharp_program_referencing_LinuxNetPS_Yaml_would()
    {
        var tree = LabYaml.Read("a: 1\n", "t.yml");
        Assert.Equal("1", ((LabScalar)At(tree, "a")).Text);
        Assert.IsType<YamlDotNetLabReader>(LabYaml.Reader);
    }

    [Fact]
    public void Every_value_and_key_keeps_its_line_and_column()
    {
        var tree = Read("""
            name: x
            topology:
              nodes:
                n1: { kind: linux }
              links:
                - endpoints: ["n1:eth1",
                              "n2:eth1"]
            """);
        var kind = At(tree, "topology", "nodes", "n1", "kind");
        Assert.Equal("t.yml:4:17 (topology.nodes.n1.kind)", kind.Location.ToString());
        var second = At(tree, "topology", "links", 0, "endpoints", 1);
        Assert.Equal((7, 19), (second.Location.Line, second.Location.Column));
        Assert.Equal("topology.links[0].endpoints[1]", second.Location.Path);
        var key = ((LabMap)At(tree, "topology")).Find("links")!;
        Assert.Equal((5, 3), (key.KeyLocation.Line, key.KeyLocation.Column));
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_read_with_the_alias_s_path()
    {
        var tree = Read("""
            defaults: &linux
              kind: linux
              image: alpine
            nodes:
              a:
                <<: *linux
                image: debian
              b: *linux
            """);
        Assert.Equal("linux", ((LabScalar)At(tree, "nodes", "a", "kind")).Text);
        Assert.Equal("debian", ((LabScalar)At(tree, "nodes", "a", "image")).Text);
        var bKind = At(tree, "nodes", "b", "kind");
        Assert.Equal("linux", ((LabScalar)bKind).Text);
        Assert.Equal("nodes.b.kind", bKind.Location.Path);
        Assert.Equal(2, bKind.Location.Line); // where the text is
    }

    [Fact]
    public void Literal_and_folded_scalars_flows_quotes_and_null_read_as_YAML_means_them()
    {
        var tree = Read("""
            exec: |
              ip link set eth1 up
              ip addr add 10.0.0.1/24 dev eth1
            folded: >
              one
              two
            flow: { a: [1, 'two', "th\tree"], b: ~ }
            yes: true
            quoted: "true"
            empty:
            """);
        Assert.Equal("ip link set eth1 up\nip addr add 10.0.0.1/24 dev eth1\n", ((LabScalar)At(tree, "exec")).Text);
        Assert.Equal("one two\n", ((LabScalar)At(tree, "folded")).Text);
        Assert.Equal(["1", "two", "th\tree"], ((LabList)At(tree, "flow", "a")).Items.Select(i => ((LabScalar)i).Text));
        Assert.True(((LabScalar)At(tree, "flow", "b")).IsNull);
        Assert.True(((LabScalar)At(tree, "yes")).IsBoolean);
        Assert.False(((LabScalar)At(tree, "quoted")).IsBoolean);
        Assert.True(((LabScalar)At(tree, "empty")).IsNull);
    }

    [Fact]
    public void A_billion_laughs_file_is_refused_quickly_at_its_line()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++)
            yaml.Append($"{c}: &{c} [{string.Join(",", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Fails(yaml.ToString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.Contains($"more than {LabYaml.MaxValues} values", e.Message);
        Assert.Contains("billion laughs", e.Message);
        Assert.StartsWith("t.yml:", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_at_the_level_past_the_budget()
    {
        var e = Fails("a: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        Assert.Contains($"more than {LabYaml.MaxDepth} levels", e.Message);
        Assert.StartsWith($"t.yml:1:{3 + LabYaml.MaxDepth}", e.Message);
        var nested = new StringBuilder();
        for (int i = 0; i < 100; i++) nested.Append(new string(' ', i * 2)).Append($"k{i}:\n");
        Assert.Contains("levels", Fails(nested.ToString()).Message);
    }

    [Theory]
    [InlineData("", "t.yml:1:1", "empty")]
    [InlineData("a: 1\n---\nb: 2\n", "t.yml:2:1", "one YAML document")]
    [InlineData("a: !custom 1\n", "t.yml:1:4", "tag '!custom'")]
    [InlineData("a: [1, 2\n", "t.yml:", "not valid YAML")]
    [InlineData("a: 1\n b: 2\n", "t.yml:", "not valid YAML")]
    [InlineData("? [a, b]\n: 1\n", "t.yml:1:3", "key must be a text")]
    [InlineData("x: &m 1\ny:\n  <<: *m\n", "t.yml:3:7", "merge key")]
    public void Bad_YAML_names_its_line(string yaml, string location, string expected)
    {
        var e = Fails(yaml);
        Assert.StartsWith(location, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
