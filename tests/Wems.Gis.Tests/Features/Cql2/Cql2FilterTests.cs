using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2FilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cql2-text")]
    public void Cql2_text_is_the_default_language(string? language)
    {
        Assert.Equal(Cql2Text.Parse("status = 'open'"), Cql2Filter.Parse("status = 'open'", language));
    }

    [Fact]
    public void Cql2_json_is_parsed_when_asked_for()
    {
        Assert.Equal(Cql2Text.Parse("status = 'open'"), Cql2Filter.Parse("""{"op": "=", "args": [{"property": "status"}, "open"]}""", "cql2-json"));
    }

    [Fact]
    public void Another_filter_language_is_refused()
    {
        Assert.Equal(
            "filter-lang 'ecql' is not supported; use cql2-text or cql2-json",
            Assert.Throws<Cql2Exception>(() => Cql2Filter.Parse("status = 'open'", "ecql")).Message);
    }
}
