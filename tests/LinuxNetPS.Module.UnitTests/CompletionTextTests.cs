using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class CompletionTextTests
{
    private static readonly string[] Names = ["red", "green", "blue", "red-2", "lab 1"];

    [Theory]
    [InlineData("", new[] { "blue", "green", "lab 1", "red", "red-2" })]
    [InlineData("re", new[] { "red", "red-2" })]
    [InlineData("'re", new[] { "red", "red-2" })]
    [InlineData("\"gr\"", new[] { "green" })]
    [InlineData("*e", new[] { "blue", "green", "red", "red-2" })]
    [InlineData("x", new string[0])]
    public void Filter_by_prefix(string word, string[] expected) => Assert.Equal(expected, CompletionText.Filter(Names, word));

    [Fact]
    public void Literal_brackets_in_the_typed_word_are_not_wildcards() =>
        Assert.Equal(["a[1]"], CompletionText.Filter(["a[1]", "a1"], "a["));

    [Theory]
    [InlineData("veth0", "veth0")]
    [InlineData("lab 1", "'lab 1'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("-x", "'-x'")]
    [InlineData("a$b", "'a$b'")]
    [InlineData("br.0_x", "br.0_x")]
    public void Quote(string name, string expected) => Assert.Equal(expected, CompletionText.Quote(name));
}
