import { createHash } from 'node:crypto';
import { MIGRATIONS, renderMigration, type RenderTarget } from './index';

/**
 * The DDL of every released migration, pinned by its SHA-256 as rendered for one node and for a
 * cluster. A fresh install runs these texts; an install made earlier ran them too. Editing one (or
 * the renderer, or a builder it calls) would make the two differ without either knowing, so a change
 * is a new migration, never an edit. Add a line here when a migration is released.
 */
const RELEASED: Record<number, { single: string; cluster: string }> = {
  1: { single: 'b015a51331ce1563db8c079ef28e45629bb1d975ad78e54a73195e1408417885', cluster: 'e868dca117f6a2ff3b93b567b36b543efb1a32716e0eef0ddd028e665feedc0e' },
  2: { single: '02386d809b15758309f60c9bb7a0dec282a0a83ed389c563d073d4dd45f119bc', cluster: '891486601238d860751768d313a8b29140270bfb7359538379c9c339b0855e98' },
  3: { single: '7e60e1656e512b6c7d8d270c2b7d319b7b3d73f8633d38c49974a5c2c2fecceb', cluster: '3c4572f142eb6fe601a3b57fa98ef363e9a4f67b7a1c78acbd6bc17418a48a0f' },
  4: { single: 'eb2d66a9a9b54f27d8a02d62b8b897e4181692bfae54e9c2bd981ed3e9cc3d1d', cluster: '8dac104a3b28fa3993bed05bb42c0159575168f9cec83e4b36fb82af9e789ae6' },
  5: { single: '8ed72a64b802660bc63c9264b18db3d8683afae092d840fe30922fcdc6db70da', cluster: '6cf7024e225e8d4b068e6b7fbd956d4879337ed337c68e65ee0a5de9bd66319b' },
  6: { single: 'e2606b360b8fda3fd1026c2ffb139e805aac9549e1b58cde05f7b02637e76427', cluster: 'b8a9a4f2d264b4cf3517dc1de9f2f277444da8d553b21492febb6eca6b71a31e' },
  7: { single: 'f143cde509043bb656aa6b870e7990aca15ba556edaac766a383a8269fd99dd8', cluster: '1ca57c76b73ae257adc6db7088b33a4cfe493f91fb676a8f395dbe35ce475a50' },
  8: { single: 'aa711b6bbf06522847379ca6520c88121e16f9e6e41078f814c6046fe2903ba5', cluster: 'cc344d6b7f4d505940525d3b22f23b68c49f9fc6f828515e468ab4a963ea433d' },
  9: { single: 'e0959b150bda9e5a9e364d9f6d2557686bf9a27ca4ba07e1c30889686c9bfde9', cluster: '6434e3ba27da94e21c58c660244dfc193df083af8aaeafd85a1c5cfce4bfafba' },
  10: { single: '0c6648c3579aebf23723ceb5d1bd7b9a9538161c4f12756d133c4a26fd42dcb7', cluster: 'c829b9a27a540a1aa63f6eebbc4486c693ad6b2cb855352b9ed0c2cc1f8c2104' },
  11: { single: '05a3c94b0f49d6cc5fa3495eef84f93a518171dcfb883aacd312ad4b43fc3c01', cluster: 'ea2f6155004519b59c6d09976081da1b2e3b28a2235cec5a63c60b405aae9d7a' },
  12: { single: '2cc53102ca1316c4976aa877d93db608379abd5923dd3e255b65741bc361e65f', cluster: '359189f6d920f83e1165ebca93369a346f1a901db018bcc4c816768edf8fd849' },
  13: { single: '7cda77a2a2065ce2246642ef15a70f0542f26eab5079c3047385daecb9605336', cluster: '61ef5f7be6434d06a3a07ad994a94c89d42cfcd7099b965e68bb75347a6eb7a5' },
  14: { single: '87fbbe61bcbb389920df0421fe28d1287bcc8f2de481561a28858976c7c5c319', cluster: 'ac404128ad31378c2f8f62917e3af1f3229bd77884fc8f8a1158c1bff798a07f' },
  15: { single: '683e1fc4bc4160abfc240f6d2d578c02183cf1e5e358d49068a4187bd0a1259f', cluster: '6b4c74b7eacf30db7847577af867924bd603b0bf968fdc92ee404ebb480fe513' },
  16: { single: '0647737f8176c24317e1656ed54b8e03eb115a381f0adb5d7f0e51a2981a5d88', cluster: '7aed0bc6e0648ae85b87acb063fb3410dad678342445aaf7b93442f64460c515' },
  17: { single: '47bb3e9fbcd870550a4f314069c7ae8761b0ddb82b171940b15ae1979bb43848', cluster: '424206c80c7da695f93df89f47de19db571dbb82bd01a9a4274f5f2da2a5b29f' },
  18: { single: 'c7048de03ea8ea9cf86164b4c21c746f0938b2e8bf23321990da6169de69b477', cluster: '703ff6efcda14d96214de6492226cb78d98d1ab3a2f462459fc8f80e8ac443c7' },
  19: { single: '3608bc134a49a7cd030dac8857e28474aa6f9b72c954454fd2728c231e33b421', cluster: 'aae6c055daab5c635856e8e5b8b8d0be1be379b6804c912d3d38f68ef303bfee' },
  20: { single: 'fd83af3e6eebc08fa4943a826205384269ca55baea5d8474730f2c393c976f7d', cluster: '85fe0481d3995978b721524a1ee69839e3e55bb9ae570c3ff1ab4a446cf79b3f' },
  21: { single: '76cfa60329d2ba0704564ac88bb7c0daae12d9d8f44bb5b9b129063b7426522f', cluster: '5f52c2f51cd8593b3452d6e0df8349a72f4ecdd074cccf012dd7edde069d8043' },
  22: { single: '9f9dc497d18b489b3fd23b3d069175479f8e4532031a626cecb695b09fb54366', cluster: 'e2064020616497214885e9f57ba18a527b85b1485d40a4f106d44a4812953328' },
  23: { single: '3d33d560ce7e0d0482d393caab8083b1813f79af90fa32f0ecef5481ff61cc0a', cluster: 'c8b40b653edb7072adad13b4994dd3abc2e7f12f14f733c59466dfea95809427' },
  24: { single: 'de344d784c3450d12fc99543b1285948c12e4e618d399e877da0e464aa545cc0', cluster: '1a882e6f642c7c15c66e3fe0ac898257f7f98e85006ec36a5c714eccdd04e1c9' },
  // Nothing on one node (the SHA-256 of no text); the renames and Distributed tables on a cluster.
  25: { single: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', cluster: '6d3a8543959db1b9444eb8e27d2de59f0dd9bc55ceabc4aa6aaa5096376a31b4' },
  26: { single: 'df1148be74eb05db4fcca57a9bbfcf08bccf20fc626d614a22bed6cfb02b67d7', cluster: '12e33e7557be0a038d675ef12611e1dbcaf75cdcfad1b9789f98305018c58cf0' },
};

const SINGLE: RenderTarget = { database: 'hourglass', cluster: null, dedupWindow: 10_000 };
const CLUSTER: RenderTarget = { database: 'hourglass', cluster: 'prod', dedupWindow: 10_000 };

const sha256 = (statements: string[]) => createHash('sha256').update(statements.join(';\n')).digest('hex');

describe('released migrations', () => {
  it.each(Object.keys(RELEASED).map(Number))('render migration %i exactly as released, on one node and on a cluster', (version) => {
    const migration = MIGRATIONS.find((m) => m.version === version)!;
    expect({ single: sha256(renderMigration(migration, SINGLE)), cluster: sha256(renderMigration(migration, CLUSTER)) }).toEqual(RELEASED[version]);
  });

  it('are all pinned', () => {
    expect(MIGRATIONS.map((m) => m.version).filter((v) => !(v in RELEASED))).toEqual([]);
  });

  it('call no builder: each is text with the database, cluster and engine filled in', () => {
    // A released migration that calls a live function changes when that function does.
    for (const migration of MIGRATIONS) expect(migration.statements.toString()).not.toMatch(/\(\s*db\b/);
  });
});
