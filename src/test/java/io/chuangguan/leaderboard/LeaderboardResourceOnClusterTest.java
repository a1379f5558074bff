package io.chuangguan.leaderboard;

import io.chuangguan.common.OwnRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every leaderboard test again, against a Redis Cluster of three masters with a replica each. */
@QuarkusTest
@TestProfile(OwnRedisCluster.Profile.class)
class LeaderboardResourceOnClusterTest extends LeaderboardResourceTest {
}
