import { benchProvision } from '../../../bench/provision';
it('bench (temporary)', async function () { this.timeout(120000); console.log(JSON.stringify(await benchProvision(), null, 1)); });
