package verticles.platform.redis;

import org.junit.jupiter.api.DisplayName;
import verticles.testsupport.RealInfrastructure.Infrastructure;

/** {@link RedisBehaviour} against the single Redis every other test uses. */
@DisplayName("Against a single Redis")
class SingleRedisIT extends RedisBehaviour {

    @Override
    protected Infrastructure withRedisUnderTest(Infrastructure shared) {
        return shared;
    }
}
