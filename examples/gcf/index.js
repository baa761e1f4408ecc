// The employee converter as a Google Cloud Function (Cloud Run functions), entry point `csv`.

import { handle } from '@csvfn/adapter-gcf';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import * as functions from '@google-cloud/functions-framework';

functions.http('csv', handle(createCsvHandler({ schema: employeeSchema })));
