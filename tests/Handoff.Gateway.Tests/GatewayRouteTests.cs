using Handoff.Protos.V1;

namespace Handoff.Gateway.Tests;

/// <summary>A route as the command line gives it: CALLED_AE=DESTINATION[:priority]; a malformed one is refused naming what is wrong.</summary>
public sealed class GatewayRouteTests
{
    [Theory]
    [InlineData("TO_SOUTH=stroke@south:stat", "TO_SOUTH", "stroke@south", Priority.Stat)]
    [InlineData("REHAB=rehab-clinic", "REHAB", "rehab-clinic", Priority.Routine)]
    [InlineData("ICU=st-marys:URGENT", "ICU", "st-marys", Priority.Urgent)]
    public void Parse_ValidRoute_AeDestinationAndPriority(string text, string ae, string destination, Priority priority)
    {
        Assert.Equal(new GatewayRoute(ae, destination, priority), GatewayRoute.Parse(text));
    }

    [Fact]
    public void Parse_RouteWithAnArrivalDelay_InEitherOrder()
    {
        Assert.Equal(new GatewayRoute("TRAUMA", "level1@south", Priority.Stat, TimeSpan.FromMinutes(45)), GatewayRoute.Parse("TRAUMA=level1@south:stat:eta=45m"));
        Assert.Equal(new GatewayRoute("REHAB", "rehab", Priority.Routine, TimeSpan.FromHours(2)), GatewayRoute.Parse("REHAB=rehab:ETA=2h"));
    }

    [Theory]
    [InlineData("TO_SOUTH=stroke:eta=soon", "eta 'soon' is not a time from now")]
    [InlineData("TO_SOUTH=stroke:eta=2026-12-04T10:00:00Z", "not a time from now")]
    [InlineData("TO_SOUTH=stroke:eta=200h", "days ahead")]
    [InlineData("TO_SOUTH", "CALLED_AE=DESTINATION")]
    [InlineData("=stroke", "CALLED_AE=DESTINATION")]
    [InlineData("TO_SOUTH=stroke:soon", "priority 'soon'")]
    [InlineData("A_TITLE_LONGER_THAN_16=stroke", "not an AE title")]
    [InlineData("TO_SOUTH=:stat", "no destination")]
    public void Parse_Malformed_RefusedNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => GatewayRoute.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
